/*
 * A state machine as a table: for each event, the states it may leave and the state it leads
 * to (fixed, or read from the event, e.g. a settle's outcome). What is not in the table is
 * refused with the caller's error. Pure: no I/O, no framework.
 */

/** One event's rule: the states it may leave, and where it leads. */
export interface TransitionRule<S extends string, E> {
  from: readonly S[];
  to: S | ((event: E) => S);
}

/** The rules by event type; an event type without a rule is refused in every state. */
export type TransitionTable<S extends string, E extends { type: string }> = {
  [K in E["type"]]?: TransitionRule<S, Extract<E, { type: K }>>;
};

/**
 * The transition function of `table`: the state after `event`, or the error `refuse` builds
 * when `event` may not leave `state`.
 */
export function defineTransitions<S extends string, E extends { type: string }>(
  table: TransitionTable<S, E>,
  refuse: (state: S, event: E) => Error,
): (state: S, event: E) => S {
  return (state, event) => {
    const rule = (table as Record<string, TransitionRule<S, E> | undefined>)[event.type];
    if (!rule || !rule.from.includes(state)) throw refuse(state, event);
    return typeof rule.to === "function" ? rule.to(event) : rule.to;
  };
}
