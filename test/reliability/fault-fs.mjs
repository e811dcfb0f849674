// A fault-injecting file layer, loaded into a `knit-sync serve` child with NODE_OPTIONS="--import <this file>"
// where the machine refuses to mount a tiny tmpfs (full-disk.test.ts): while the file named by
// KNIT_FAULT_DISK_FULL exists, every FileHandle write of the process (the journal's group commit, the
// snapshot) writes half its bytes and then fails with ENOSPC, as a full disk does; once it is removed, writes
// work again.
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const flag = process.env.KNIT_FAULT_DISK_FULL;
if (flag) {
  const handle = await open(fileURLToPath(import.meta.url), 'r');
  const proto = Object.getPrototypeOf(handle);
  await handle.close();
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  const write = proto.write;
  proto.write = async function (data, ...rest) {
    if (!existsSync(flag)) return write.call(this, data, ...rest);
    if (Buffer.isBuffer(data) && typeof rest[0] === 'number' && typeof rest[1] === 'number' && rest[1] > 1) {
      await write.call(this, data, rest[0], Math.floor(rest[1] / 2), rest[2]);
    }
    throw enospc();
  };
  const writev = proto.writev;
  proto.writev = async function (...args) {
    if (existsSync(flag)) throw enospc();
    return writev.apply(this, args);
  };
}
