// Erlang C staffing: agents needed in an interval to answer `slTarget` of the calls within
// `slSeconds`, given the observed arrivals and average handle time.

/** Probability that a call waits (Erlang C) with `agents` agents and `traffic` erlangs. */
export function erlangC(agents: number, traffic: number): number {
  if (agents <= traffic) return 1;
  // Erlang B by the stable recurrence, then C from B.
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  return b / (1 - (traffic / agents) * (1 - b));
}

/** Service level reached with `agents`: P(wait ≤ slSeconds). */
export function serviceLevelWith(agents: number, traffic: number, ahtSeconds: number, slSeconds: number): number {
  if (traffic <= 0) return 1;
  if (agents <= traffic) return 0;
  return 1 - erlangC(agents, traffic) * Math.exp((-(agents - traffic) * slSeconds) / ahtSeconds);
}

export interface StaffingInput {
  arrivals: number;
  intervalSeconds: number;
  ahtSeconds: number;
  slTarget: number;
  slSeconds: number;
}

/** The smallest number of agents reaching the target; 0 when nothing arrives. */
export function agentsNeeded({ arrivals, intervalSeconds, ahtSeconds, slTarget, slSeconds }: StaffingInput): number {
  if (arrivals <= 0 || ahtSeconds <= 0) return 0;
  const traffic = (arrivals * ahtSeconds) / intervalSeconds;
  let n = Math.max(1, Math.ceil(traffic));
  while (serviceLevelWith(n, traffic, ahtSeconds, slSeconds) < slTarget && n < 10_000) n++;
  return n;
}
