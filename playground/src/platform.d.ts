/**
 * The few globals the engine may use: they exist alike in Node ≥ 18, browsers and Web
 * Workers. The engine's tsconfig has no DOM lib, so anything else is a compile error.
 */
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const console: {
  log(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
};
