import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const contractsDir = path.join(repoRoot, "contracts");
export const sdkGeneratedDir = path.join(repoRoot, "packages/sdk/src/generated");
/** Native Foundry binaries: the npm launchers always exit 0 (shared/TOOLCHAIN.md). */
export const forgeBin = path.join(repoRoot, "tools/forge");
export const anvilBin = path.join(repoRoot, "tools/anvil");
