/** Whether dist/ holds a build of the current sources (see build-state.js). */
export function buildState(root: string): 'current' | 'stale' | 'missing';
