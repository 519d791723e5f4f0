// @types/node 20 does not declare the WebAssembly global; the engine needs only Module.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array | ArrayBuffer);
  }
}
