/**
 * The global slot a worker sets to hand the kernel module its parent compiled to `kernel.ts`
 * (kept apart so a worker can set it before the kernel module is first imported).
 */
export const kernelModuleKey = Symbol.for("infercast.kernelModule");
