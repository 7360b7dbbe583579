// Unit tests of the simulate command's query and expect-file parsing (src/cli/simulate/), next to its e2e tests.
import { describe, expect, it } from 'vitest';

import { decisionMatches, parseExpectFile } from '../../src/cli/simulate/expect.js';
import { parseQuery } from '../../src/cli/simulate/query.js';
import { InputError, UsageError } from '../../src/errors.js';

describe('cli/simulate/query', () => {
  it('parses sides, port and protocol', () => {
    expect(parseQuery('bookstore-frontend -> bookstore-server:80/TCP')).toEqual({
      text: 'bookstore-frontend -> bookstore-server:80/TCP',
      from: 'bookstore-frontend',
      to: 'bookstore-server',
      protocol: 'TCP',
      port: 80,
    });
    expect(parseQuery('/shop/web -> /shop/db:5432')).toMatchObject({ from: '/shop/web', to: '/shop/db', protocol: 'TCP', port: 5432 });
    expect(parseQuery('web#0 -> external:8.8.8.8:53/udp')).toMatchObject({ to: 'external:8.8.8.8', protocol: 'UDP', port: 53 });
    expect(parseQuery('a -> external:10.0.0.1/ICMP')).toEqual({ text: 'a -> external:10.0.0.1/ICMP', from: 'a', to: 'external:10.0.0.1', protocol: 'ICMP' });
    expect(parseQuery('a -> b/17', { port: 9000 })).toMatchObject({ protocol: 17, port: 9000 });
  });

  it('refuses queries it cannot answer, with an example', () => {
    expect(() => parseQuery('a b:80')).toThrow(UsageError);
    expect(() => parseQuery('a -> b')).toThrow(/names no port; TCP queries need one\. Example: --query/);
    expect(() => parseQuery('a -> b:70000')).toThrow(/port 70000 is not between 1 and 65535/);
    expect(() => parseQuery(' -> b:80')).toThrow(/needs a source and a destination/);
  });
});

describe('cli/simulate/expect', () => {
  it('parses entries with file-level defaults', () => {
    const file = parseExpectFile(
      'port: 80\nexpect:\n  - query: a -> b\n    verdict: deny\n    ingress: policy/p#1\n  - from: a\n    to: c\n    protocol: UDP\n    port: 53\n    verdict: allow\n  - pairs: all\n    verdict: allow\n    by: profile\n',
      'e.yaml',
    );

    expect(file.entries).toEqual([
      { kind: 'query', pointer: '/expect/0', text: 'a -> b', from: 'a', to: 'b', protocol: 'TCP', port: 80, verdict: 'deny', ingress: 'policy/p#1' },
      { kind: 'query', pointer: '/expect/1', text: 'a -> c:53/UDP', from: 'a', to: 'c', protocol: 'UDP', port: 53, verdict: 'allow' },
      { kind: 'pairs', pointer: '/expect/2', protocol: 'TCP', port: 80, verdict: 'allow', by: 'profile' },
    ]);
  });

  it('names the entry and field of every mistake', () => {
    const error = (text: string): string => {
      try {
        parseExpectFile(text, 'e.yaml');
      } catch (caught) {
        expect(caught).toBeInstanceOf(InputError);
        return (caught as Error).message;
      }
      throw new Error('expected an InputError');
    };

    expect(error('- a\n')).toMatch(/^e\.yaml: an expect file is a mapping with an `expect:` list/);
    expect(error('expect:\n  - query: a -> b:80\n    verdict: allow\n    bogus: 1\n')).toMatch(/^e\.yaml#\/expect\/0\/bogus: unknown key "bogus"/);
    expect(error('expect:\n  - query: a -> b:80\n    verdict: allow\n    by: policy\n')).toMatch(/^e\.yaml#\/expect\/0\/by: by must name a decision/);
    expect(error('expect:\n  - query: a -> b\n    verdict: allow\n')).toMatch(/^e\.yaml#\/expect\/0: query "a -> b" names no port/);
    expect(error('expect:\n  - pairs: all\n    query: a -> b:80\n    verdict: allow\n')).toMatch(/pairs: all stands alone/);
    expect(error('expect: [\n')).toMatch(/^e\.yaml:2:1: could not parse the expect file - invalid YAML/);
  });

  it('matches decisions by kind, name and rule', () => {
    const policy = { kind: 'policy-rule', policy: { kind: 'NetworkPolicy', name: 'p', namespace: 'default', tier: 'default' }, ruleIndex: 1, action: 'Deny' } as const;
    const profile = { kind: 'profile-rule', profile: 'calico', ruleIndex: 0, action: 'Allow' } as const;

    expect(decisionMatches(policy, 'policy/p')).toBe(true);
    expect(decisionMatches(policy, 'policy/default/p#1')).toBe(true);
    expect(decisionMatches(policy, 'policy/p#0')).toBe(false);
    expect(decisionMatches(policy, 'profile')).toBe(false);
    expect(decisionMatches(profile, 'profile')).toBe(true);
    expect(decisionMatches(profile, 'profile/calico#0')).toBe(true);
    expect(decisionMatches(profile, 'profile/other')).toBe(false);
    expect(decisionMatches({ kind: 'end-of-tier', tier: 'security', policies: [] }, 'end-of-tier/security')).toBe(true);
    expect(decisionMatches({ kind: 'not-calico' }, 'not-calico')).toBe(true);
  });
});
