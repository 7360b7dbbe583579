/**
 * The fast all-pairs matrix. Endpoints that Calico cannot tell apart — same labels, kind, profiles, named ports and
 * the same membership in every CIDR and network set the rules mention — form one class; every selector becomes a
 * bitset over classes (through a label index, not per-endpoint evaluation); and each subject class runs its
 * ordered rules once over bitsets of peer classes, with identical rule sequences evaluated once. Ingress results are
 * transposed in 32x32 blocks and ANDed with egress results. The semantics are exactly those of `reference.ts`
 * (the differential test checks it); only the order of work differs.
 */
import { cidrContains, type Cidr } from '../resources/net.js';
import type { SelectorNode } from '../selector/index.js';
import type { CompiledEntity, CompiledPolicy, CompiledRule, Direction, PolicyModel, ResolvedEndpoint } from './model.js';
import type { Packet } from './reference.js';

/** Class-level result: `allowed` is C rows of W words; bit d of row s = class s may reach class d. */
export interface ClassMatrix {
  classCount: number;
  words: number;
  allowed: Uint32Array;
  /** Class of each endpoint, in model.endpoints order. */
  endpointClass: Int32Array;
  /** Representative endpoint of each class. */
  representatives: ResolvedEndpoint[];
}

class Bits {
  static ones(words: number, count: number): Uint32Array {
    const out = new Uint32Array(words).fill(0xffffffff);
    const tail = count & 31;
    if (tail !== 0 && words > 0) out[words - 1] = (2 ** tail - 1) >>> 0;
    return out;
  }
}

function orInto(target: Uint32Array, source: Uint32Array): void {
  for (let i = 0; i < target.length; i++) target[i]! |= source[i]!;
}

function andInto(target: Uint32Array, source: Uint32Array): void {
  for (let i = 0; i < target.length; i++) target[i]! &= source[i]!;
}

function isZero(bits: Uint32Array): boolean {
  for (let i = 0; i < bits.length; i++) if (bits[i] !== 0) return false;
  return true;
}

function testBit(bits: Uint32Array, index: number): boolean {
  return ((bits[index >>> 5]! >>> (index & 31)) & 1) === 1;
}

function setBit(bits: Uint32Array, index: number): void {
  bits[index >>> 5]! |= 1 << (index & 31);
}

/** Transposes a 32x32 bit block in place (LSB-first rows): afterwards A[j] bit k = before A[k] bit j. */
function transpose32(a: Uint32Array): void {
  let m = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, m = (m ^ (m << j)) >>> 0) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const t = ((a[k]! >>> j) ^ a[k + j]!) & m;
      a[k] = (a[k]! ^ (t << j)) >>> 0;
      a[k + j] = (a[k + j]! ^ t) >>> 0;
    }
  }
}

interface RuleSides {
  /** Does the rule match at all for this packet, ignoring the endpoints? */
  constant: boolean;
  /** Bitset over classes of the packet's source / destination side criteria. */
  source?: Uint32Array;
  destination?: Uint32Array;
}

/** Everything about the endpoints and selectors that does not depend on the packet; computed once per model. */
function prepare(model: PolicyModel) {
  // 1. Classes. The IP signature covers every CIDR rules mention and every network set.
  const cidrs = new Map<string, Cidr>();
  const collect = (rules: readonly CompiledRule[] | undefined): void => {
    for (const rule of rules ?? []) for (const e of [rule.source, rule.destination]) for (const c of [...e.nets, ...e.notNets]) cidrs.set(`${c.family}|${c.base}|${c.prefix}`, c);
  };
  for (const tier of model.tiers) for (const p of tier.policies) {
    collect(p.ingress);
    collect(p.egress);
  }
  for (const profile of model.profiles.values()) {
    collect(profile.ingress);
    collect(profile.egress);
  }
  const cidrList = [...cidrs.values()];
  const cidrKeys = [...cidrs.keys()];
  const needsIpSignature = cidrList.length > 0 || model.networkSets.length > 0;

  const classOf = new Map<string, number>();
  const representatives: ResolvedEndpoint[] = [];
  const classCidrs: number[][] = [];
  const classSets: number[][] = [];
  const endpointClass = new Int32Array(model.endpoints.length);
  // Label sets are compared by a small id per distinct labels object (instances of an app share one object).
  const labelIds = new WeakMap<object, number>();
  const labelIdsByText = new Map<string, number>();
  const listIds = new WeakMap<object, string>();
  const listId = (list: readonly unknown[]): string => {
    if (list.length === 0) return '';
    let id = listIds.get(list);
    if (id === undefined) listIds.set(list, (id = JSON.stringify(list)));
    return id;
  };
  model.endpoints.forEach((endpoint, i) => {
    let labelId = labelIds.get(endpoint.labels);
    if (labelId === undefined) {
      const text = JSON.stringify(Object.entries(endpoint.labels).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
      labelId = labelIdsByText.get(text);
      if (labelId === undefined) labelIdsByText.set(text, (labelId = labelIdsByText.size));
      labelIds.set(endpoint.labels, labelId);
    }
    let inCidrs: number[] = [];
    let inSets: number[] = [];
    let ipKey = '';
    if (endpoint.ip) {
      ipKey = `v${endpoint.ip.family}`;
      if (needsIpSignature) {
        const ip = endpoint.ip;
        inCidrs = cidrList.flatMap((c, k) => (cidrContains(c, ip) ? [k] : []));
        inSets = model.networkSets.flatMap((s, k) => (s.nets.some((c) => cidrContains(c, ip)) ? [k] : []));
        ipKey += `:${inCidrs.join(',')}:${inSets.join(',')}`;
      }
    }
    const key = `${endpoint.kind}\u0000${labelId}\u0000${listId(endpoint.profiles)}\u0000${listId(endpoint.ports)}\u0000${ipKey}`;
    let cls = classOf.get(key);
    if (cls === undefined) {
      cls = representatives.length;
      classOf.set(key, cls);
      representatives.push(endpoint);
      classCidrs.push(inCidrs);
      classSets.push(inSets);
    }
    endpointClass[i] = cls;
  });
  const C = representatives.length;
  const W = (C + 31) >>> 5;
  const ones = Bits.ones(W, C);

  // 2. Label index over classes: classes per (label, value) as lists (most values are rare), per label as bitsets.
  const valueIndex = new Map<string, Map<string, number[]>>();
  const hasIndex = new Map<string, Uint32Array>();
  representatives.forEach((rep, cls) => {
    for (const [key, value] of Object.entries(rep.labels)) {
      let has = hasIndex.get(key);
      if (!has) hasIndex.set(key, (has = new Uint32Array(W)));
      setBit(has, cls);
      let values = valueIndex.get(key);
      if (!values) valueIndex.set(key, (values = new Map()));
      const list = values.get(value);
      if (list) list.push(cls);
      else values.set(value, [cls]);
    }
  });
  const empty = new Uint32Array(W);
  const not = (bits: Uint32Array): Uint32Array => {
    const out = new Uint32Array(W);
    for (let i = 0; i < W; i++) out[i] = ~bits[i]! & ones[i]!;
    return out;
  };
  const valuesWhere = (label: string, test: (value: string) => boolean): Uint32Array => {
    const out = new Uint32Array(W);
    for (const [value, classes] of valueIndex.get(label) ?? []) if (test(value)) for (const cls of classes) setBit(out, cls);
    return out;
  };
  const valuesIn = (label: string, values: readonly string[]): Uint32Array => {
    const out = new Uint32Array(W);
    const index = valueIndex.get(label);
    for (const value of values) for (const cls of index?.get(value) ?? []) setBit(out, cls);
    return out;
  };
  const atomCache = new Map<string, Uint32Array>();
  const labelBits = (node: SelectorNode): Uint32Array => {
    if ('label' in node) {
      // Atoms such as tier == 'db' recur across thousands of selectors: compute each once.
      const key = `${node.kind}\u0000${node.label}\u0000${'value' in node ? node.value : 'values' in node ? node.values.join('\u0001') : ''}`;
      let bits = atomCache.get(key);
      if (!bits) atomCache.set(key, (bits = atomBits(node)));
      return bits;
    }
    return compoundBits(node);
  };
  const atomBits = (node: SelectorNode): Uint32Array => {
    switch (node.kind) {
      case 'eq':
        return valuesIn(node.label, [node.value]);
      case 'ne':
        return not(valuesIn(node.label, [node.value]));
      case 'in':
        return valuesIn(node.label, node.values);
      case 'notIn':
        return not(valuesIn(node.label, node.values));
      case 'contains':
        return valuesWhere(node.label, (v) => v.includes(node.value));
      case 'startsWith':
        return valuesWhere(node.label, (v) => v.startsWith(node.value));
      case 'endsWith':
        return valuesWhere(node.label, (v) => v.endsWith(node.value));
      case 'has':
        return hasIndex.get(node.label) ?? empty;
      default:
        return compoundBits(node);
    }
  };
  const compoundBits = (node: SelectorNode): Uint32Array => {
    switch (node.kind) {
      case 'all':
      case 'global':
        return ones;
      case 'not':
        return not(labelBits(node.operand));
      case 'and': {
        const out = labelBits(node.operands[0]!).slice();
        for (let i = 1; i < node.operands.length; i++) andInto(out, labelBits(node.operands[i]!));
        return out;
      }
      case 'or': {
        const out = labelBits(node.operands[0]!).slice();
        for (let i = 1; i < node.operands.length; i++) orInto(out, labelBits(node.operands[i]!));
        return out;
      }
      default:
        return atomBits(node);
    }
  };
  const labelCache = new Map<string, Uint32Array>();
  const selectorBits = (selector: { ast: SelectorNode; toString(): string }): Uint32Array => {
    const key = selector.toString();
    let bits = labelCache.get(key);
    if (!bits) labelCache.set(key, (bits = labelBits(selector.ast)));
    return bits;
  };

  // Classes inside each network set / CIDR (by IP).
  const setClasses = model.networkSets.map(() => new Uint32Array(W));
  const cidrClasses = cidrList.map(() => new Uint32Array(W));
  for (let cls = 0; cls < C; cls++) {
    for (const s of classSets[cls]!) setBit(setClasses[s]!, cls);
    for (const k of classCidrs[cls]!) setBit(cidrClasses[k]!, cls);
  }
  const cidrIndex = new Map(cidrKeys.map((key, k) => [key, k]));
  const cidrBits = (list: readonly Cidr[]): Uint32Array => {
    const out = new Uint32Array(W);
    for (const c of list) orInto(out, cidrClasses[cidrIndex.get(`${c.family}|${c.base}|${c.prefix}`)!]!);
    return out;
  };
  // A rule selector matches an address: the endpoint's own labels, or a network set that contains it (§4.3).
  const ipSelectorCache = new Map<string, Uint32Array>();
  const ipSelectorBits = (selector: { ast: SelectorNode; toString(): string; evaluate(l: Readonly<Record<string, string>>): boolean }): Uint32Array => {
    const key = selector.toString();
    let bits = ipSelectorCache.get(key);
    if (!bits) {
      bits = selectorBits(selector);
      if (model.networkSets.length > 0) {
        bits = bits.slice();
        model.networkSets.forEach((set, s) => {
          if (selector.evaluate(set.labels)) orInto(bits!, setClasses[s]!);
        });
      }
      ipSelectorCache.set(key, bits);
    }
    return bits;
  };
  const hasIp = new Uint32Array(W);
  const family = new Int8Array(C);
  const familyBits = { 0: new Uint32Array(W), 4: new Uint32Array(W), 6: new Uint32Array(W) };
  representatives.forEach((rep, cls) => {
    const f = rep.ip?.family ?? 0;
    family[cls] = f;
    setBit(familyBits[f], cls);
    if (rep.ip) setBit(hasIp, cls);
  });

  // 4. Applicable policies per class and direction, in evaluation order.
  const applicable: Record<Direction, Array<Array<{ tier: number; policy: CompiledPolicy }>>> = {
    ingress: Array.from({ length: C }, () => []),
    egress: Array.from({ length: C }, () => []),
  };
  model.tiers.forEach((tier, t) => {
    for (const policy of tier.policies) {
      if (policy.hostOnly) continue;
      const bits = selectorBits(policy.selector);
      for (let w = 0; w < W; w++) {
        let word = bits[w]!;
        while (word !== 0) {
          const low = word & -word;
          const cls = (w << 5) + (31 - Math.clz32(low));
          word ^= low;
          if (policy.ingress) applicable.ingress[cls]!.push({ tier: t, policy });
          if (policy.egress) applicable.egress[cls]!.push({ tier: t, policy });
        }
      }
    }
  });

  return { C, W, ones, empty, representatives, endpointClass, not, selectorBits, ipSelectorBits, cidrBits, familyBits, family, applicable };
}

const prepared = new WeakMap<PolicyModel, ReturnType<typeof prepare>>();

/** Builds the class-level matrix for one packet (protocol, destination port, ICMP type/code). */
export function classMatrix(model: PolicyModel, packet: Omit<Packet, 'family'>): ClassMatrix {
  let p = prepared.get(model);
  if (!p) prepared.set(model, (p = prepare(model)));
  const { C, W, ones, empty, representatives, endpointClass, not, ipSelectorBits, cidrBits, familyBits, family, applicable } = p;
  // 3. Rules: what of the packet is constant, and which classes each side may be.
  const portInRange = (entry: { min: number; max: number } | { name: string }, port: number | undefined): boolean => port !== undefined && 'min' in entry && port >= entry.min && port <= entry.max;
  const namedPortBits = (name: string, protocol: string, port: number | undefined): Uint32Array => {
    const out = new Uint32Array(W);
    if (port === undefined) return out;
    representatives.forEach((rep, cls) => {
      if (rep.ports.some((p) => p.name === name && p.protocol === protocol && p.port === port)) setBit(out, cls);
    });
    return out;
  };
  const entityBits = (entity: CompiledEntity, port: number | undefined, ruleProtocol: number | undefined): Uint32Array | 'none' => {
    if (entity.services) return 'none';
    let bits: Uint32Array | undefined;
    const and = (b: Uint32Array): void => {
      if (!bits) bits = b.slice();
      else andInto(bits, b);
    };
    if (entity.nets.length > 0) and(cidrBits(entity.nets));
    if (entity.notNets.length > 0) and(not(cidrBits(entity.notNets)));
    if (entity.selector) and(ipSelectorBits(entity.selector));
    if (entity.notSelector) and(not(ipSelectorBits(entity.notSelector)));
    const namedProtocol = ruleProtocol === 17 ? 'UDP' : ruleProtocol === 132 ? 'SCTP' : 'TCP';
    const portSetBits = (list: ReadonlyArray<{ min: number; max: number } | { name: string }>): Uint32Array | boolean => {
      if (list.some((e) => portInRange(e, port))) return true;
      const named = list.filter((e): e is { name: string } => 'name' in e);
      if (named.length === 0) return false;
      const out = new Uint32Array(W);
      for (const n of named) orInto(out, namedPortBits(n.name, namedProtocol, port));
      return out;
    };
    if (entity.ports) {
      const m = portSetBits(entity.ports);
      if (m === false) return 'none';
      if (m !== true) and(m);
    }
    if (entity.notPorts) {
      const m = portSetBits(entity.notPorts);
      if (m === true) return 'none';
      if (m !== false) and(not(m));
    }
    return bits ?? ones;
  };
  const ruleCache = new Map<CompiledRule, RuleSides>();
  const sidesOf = (rule: CompiledRule): RuleSides => {
    let sides = ruleCache.get(rule);
    if (sides) return sides;
    let constant = true;
    if (rule.protocol !== undefined && rule.protocol !== packet.protocol) constant = false;
    if (rule.notProtocol !== undefined && rule.notProtocol === packet.protocol) constant = false;
    const icmp = (m: { type?: number; code?: number }): boolean =>
      packet.icmpType === undefined || m.type === undefined ? m.type === undefined : m.type === packet.icmpType && (m.code === undefined || m.code === packet.icmpCode);
    if (rule.icmp && !icmp(rule.icmp)) constant = false;
    if (rule.notICMP && packet.icmpType !== undefined && icmp(rule.notICMP)) constant = false;
    sides = { constant };
    if (constant) {
      const source = entityBits(rule.source, packet.sourcePort, rule.protocol);
      const destination = entityBits(rule.destination, packet.port, rule.protocol);
      if (source === 'none' || destination === 'none' || isZero(source) || isZero(destination)) sides.constant = false;
      else {
        sides.source = source;
        sides.destination = destination;
      }
    }
    ruleCache.set(rule, sides);
    return sides;
  };
  const defaultFamily: 4 | 6 = packet.protocol === 58 ? 6 : 4;
  /** Peers a family-restricted rule can match, for a subject of family `subjectFamily`. */
  const familyMask = (ruleFamily: 4 | 6, subjectFamily: number, direction: Direction): Uint32Array => {
    if (direction === 'ingress' && subjectFamily !== 0) return subjectFamily === ruleFamily ? ones : empty;
    // Packet family = destination's, else source's, else the protocol default.
    const fallback = direction === 'egress' ? subjectFamily || defaultFamily : defaultFamily;
    const out = familyBits[ruleFamily].slice();
    if (fallback === ruleFamily) orInto(out, familyBits[0]);
    return out;
  };

  // 5. Evaluate each subject class over all peer classes.
  const evaluate = (direction: Direction): Uint32Array => {
    const result = new Uint32Array(C * W);
    const memo = new Map<string, Uint32Array>();
    const ruleIds = new Map<CompiledRule, number>();
    const idOf = (rule: CompiledRule): number => {
      let id = ruleIds.get(rule);
      if (id === undefined) ruleIds.set(rule, (id = ruleIds.size));
      return id;
    };
    for (let s = 0; s < C; s++) {
      const rep = representatives[s]!;
      // The effective program: rules that can match for this subject, with tier boundaries.
      const program: Array<{ tier: number; rules: Array<{ rule: CompiledRule; peer: Uint32Array }> }> = [];
      let signature = '';
      let usesFamily = false;
      for (const { tier, policy } of applicable[direction][s]!) {
        let block = program[program.length - 1];
        if (!block || block.tier !== tier) {
          program.push((block = { tier, rules: [] }));
          signature += `|t${tier}`;
        }
        for (const rule of (direction === 'ingress' ? policy.ingress : policy.egress)!) {
          if (rule.action === 'Log') continue;
          const sides = sidesOf(rule);
          if (!sides.constant) continue;
          const subjectBits = direction === 'egress' ? sides.source! : sides.destination!;
          if (!testBit(subjectBits, s)) continue;
          const peer = direction === 'egress' ? sides.destination! : sides.source!;
          block.rules.push({ rule, peer });
          signature += `,${idOf(rule)}`;
          if (rule.family !== undefined) usesFamily = true;
        }
      }
      signature += `|p${rep.profiles.join('\u0001')}`;
      if (usesFamily) signature += `|f${family[s]}`;
      const profileRules = rep.profiles.map((name) => model.profiles.get(name));
      for (const profile of profileRules) {
        for (const rule of (direction === 'ingress' ? profile?.ingress : profile?.egress) ?? []) {
          if (rule.action === 'Log') continue;
          const sides = sidesOf(rule);
          const subjectBits = direction === 'egress' ? sides.source : sides.destination;
          signature += sides.constant && testBit(subjectBits!, s) ? `,${idOf(rule)}` : ',-';
          if (rule.family !== undefined) signature += `|f${family[s]}`;
        }
      }
      let row = memo.get(signature);
      if (!row) {
        row = runProgram(direction, s, program, profileRules);
        memo.set(signature, row);
      }
      result.set(row, s * W);
    }
    return result;
  };

  const scratchUndecided = new Uint32Array(W);
  const scratchPassed = new Uint32Array(W);
  const scratchMatch = new Uint32Array(W);
  const scratchProfilePassed = new Uint32Array(W);
  const runProgram = (
    direction: Direction,
    s: number,
    program: Array<{ tier: number; rules: Array<{ rule: CompiledRule; peer: Uint32Array }> }>,
    profiles: ReadonlyArray<{ ingress: CompiledRule[]; egress: CompiledRule[] } | undefined>,
  ): Uint32Array => {
    const allowed = new Uint32Array(W);
    let undecided = scratchUndecided;
    undecided.set(ones);
    const m = scratchMatch;
    const apply = (rule: CompiledRule, peer: Uint32Array, pending: Uint32Array, passed: Uint32Array): void => {
      const mask = rule.family !== undefined ? familyMask(rule.family, family[s]!, direction) : undefined;
      for (let i = 0; i < W; i++) m[i] = peer[i]! & pending[i]! & (mask ? mask[i]! : 0xffffffff);
      if (rule.action === 'Allow') orInto(allowed, m);
      else if (rule.action === 'Pass') orInto(passed, m);
      for (let i = 0; i < W; i++) pending[i] = pending[i]! & ~m[i]!;
    };
    for (const block of program) {
      if (isZero(undecided)) break;
      const tier = model.tiers[block.tier]!;
      const pending = undecided;
      // Two scratch buffers alternate between `undecided` and `passed`.
      const passed = pending === scratchUndecided ? scratchPassed : scratchUndecided;
      passed.fill(0);
      for (const { rule, peer } of block.rules) {
        apply(rule, peer, pending, passed);
        if (isZero(pending)) break;
      }
      // Peers left in `pending` reached the end of the tier: dropped unless the tier passes by default.
      if (tier.defaultAction === 'Pass') orInto(passed, pending);
      undecided = passed;
    }
    for (const profile of profiles) {
      if (isZero(undecided)) break;
      if (!profile) {
        undecided.fill(0);
        break;
      }
      const passed = scratchProfilePassed;
      passed.fill(0);
      for (const rule of direction === 'ingress' ? profile.ingress : profile.egress) {
        if (rule.action === 'Log') continue;
        const sides = sidesOf(rule);
        if (!sides.constant) continue;
        const subjectBits = direction === 'egress' ? sides.source! : sides.destination!;
        if (!testBit(subjectBits, s)) continue;
        apply(rule, direction === 'egress' ? sides.destination! : sides.source!, undecided, passed);
      }
      // No match or Pass: on to the next profile.
      orInto(undecided, passed);
    }
    return allowed;
  };

  const egress = evaluate('egress');
  const ingress = evaluate('ingress');

  // 6. allowed[s][d] = egress[s][d] && ingress[d][s].
  const allowed = egress;
  const block = new Uint32Array(32);
  // Rows whose ingress allows every source change nothing: skip 32-row bands made only of them.
  const fullRow = new Uint8Array(C);
  for (let d = 0; d < C; d++) {
    let full = true;
    for (let w = 0; w < W && full; w++) if (ingress[d * W + w] !== ones[w]) full = false;
    fullRow[d] = full ? 1 : 0;
  }
  for (let bj = 0; bj < W; bj++) {
    let bandFull = true;
    for (let k = 0; k < 32 && bandFull; k++) {
      const d = (bj << 5) + k;
      if (d < C && fullRow[d] === 0) bandFull = false;
    }
    if (bandFull) continue;
    for (let bi = 0; bi < W; bi++) {
      // Rows d of ingress in band bj, word bi (sources 32*bi..): transpose to rows s, word bj.
      let allOnes = true;
      let allZero = true;
      for (let k = 0; k < 32; k++) {
        const d = (bj << 5) + k;
        const word = d < C ? ingress[d * W + bi]! : 0xffffffff;
        block[k] = word;
        if (word !== 0xffffffff) allOnes = false;
        if (word !== 0) allZero = false;
      }
      if (allOnes) continue;
      if (!allZero) transpose32(block);
      for (let j = 0; j < 32; j++) {
        const s = (bi << 5) + j;
        if (s >= C) break;
        allowed[s * W + bj]! &= allZero ? 0 : block[j]!;
      }
    }
  }
  return { classCount: C, words: W, allowed, endpointClass, representatives };
}

/** Reads one bit of a class matrix. */
export function classAllowed(matrix: ClassMatrix, source: number, destination: number): boolean {
  return testBit(matrix.allowed.subarray(source * matrix.words, (source + 1) * matrix.words), destination);
}
