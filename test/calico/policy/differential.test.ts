import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classMatrix, classAllowed } from '../../../src/calico/policy/matrix.js';
import { buildModel } from '../../../src/calico/policy/model.js';
import { checkSides, packetFamily, referenceMatrix, resolveSide } from '../../../src/calico/policy/reference.js';
import { resolveResources } from '../../../src/calico/simulator.js';
import { randomConfig } from './random-config.js';

const QUERIES = [
  { protocol: 6, port: 80 },
  { protocol: 6, port: 443 },
  { protocol: 17, port: 85 },
  { protocol: 1, icmpType: 8, icmpCode: 0 },
  { protocol: 1 },
  { protocol: 132, port: 8080 },
];

describe('calico/policy fast matrix vs reference evaluator', () => {
  it('agree on every endpoint pair of random configurations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(...QUERIES), (seed, query) => {
        const config = randomConfig(seed);
        const model = buildModel(resolveResources(config.resources), config.endpoints);

        const matrix = classMatrix(model, query);

        model.endpoints.forEach((source, i) => {
          model.endpoints.forEach((destination, j) => {
            const s = resolveSide(model, source.name);
            const d = resolveSide(model, destination.name);
            const expected = checkSides(model, s, d, { ...query, family: packetFamily(query.protocol, s.ip, d.ip) });
            const actual = classAllowed(matrix, matrix.endpointClass[i]!, matrix.endpointClass[j]!);
            expect(actual, `seed ${seed} ${source.name} -> ${destination.name} ${JSON.stringify(query)}\n${expected.egress.explanation}\n${expected.ingress.explanation}`).toBe(
              expected.verdict === 'allow',
            );
          });
        });
      }),
      { numRuns: 250 },
    );
  });

  it('agree on larger configurations (many classes, several bitset words) and with referenceMatrix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(...QUERIES), (seed, query) => {
        const config = randomConfig(seed, 70 + (seed % 60));
        const model = buildModel(resolveResources(config.resources), config.endpoints);
        const n = model.endpoints.length;

        const matrix = classMatrix(model, query);
        const reference = referenceMatrix(model, query);

        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const actual = classAllowed(matrix, matrix.endpointClass[i]!, matrix.endpointClass[j]!);
            expect(actual, `seed ${seed} ${model.endpoints[i]!.name} -> ${model.endpoints[j]!.name} ${JSON.stringify(query)}`).toBe(reference[i * n + j] === 1);
          }
        }
      }),
      { numRuns: 15 },
    );
  });
});
