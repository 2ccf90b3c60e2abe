export type * from './clock.js';
export type * from './call-control.js';
