/** Credits Miro charges per call at each rate-limit level. */
export const CREDITS_PER_LEVEL = { 1: 50, 2: 100, 3: 500, 4: 2000 } as const;
