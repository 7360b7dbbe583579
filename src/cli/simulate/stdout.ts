/**
 * Stdout that is flushed before the command returns. main.ts ends the process with process.exit, and writes to a
 * pipe are asynchronous: a report of a few hundred kilobytes piped to another program would be cut short.
 */
export interface BufferedStdout {
  write(text: string): void;
  /** Writes what was collected and resolves once the operating system has it. */
  flush(): Promise<void>;
}

export function bufferedStdout(stream: NodeJS.WritableStream = process.stdout): BufferedStdout {
  const chunks: string[] = [];
  return {
    write: (text) => {
      chunks.push(text);
    },
    flush: () =>
      new Promise<void>((resolve, reject) => {
        const text = chunks.splice(0).join('');
        if (text === '') return resolve();
        stream.write(text, (error) => (error ? reject(error) : resolve()));
      }),
  };
}
