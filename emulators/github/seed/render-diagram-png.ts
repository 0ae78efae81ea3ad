import { deflateSync } from "node:zlib";

export interface DiagramBox {
  x: number;
  y: number;
  width: number;
  height: number;
  rgb: [number, number, number];
}

export interface RenderDiagramPngOptions {
  width: number;
  height: number;
  boxes: DiagramBox[];
}

/**
 * Draws filled boxes on a white canvas and encodes them as a real PNG, so READMEs can reference a
 * relative image that a browser actually renders, without binary fixtures in the source tree.
 */
export function renderDiagramPng(options: RenderDiagramPngOptions): Uint8Array {
  const { width, height } = options;
  const rowLength = width * 3 + 1;
  const pixels = Buffer.alloc(rowLength * height, 0xff);
  for (let y = 0; y < height; y++) pixels[y * rowLength] = 0; // filter type "none"
  for (const box of options.boxes) {
    for (let y = Math.max(0, box.y); y < Math.min(height, box.y + box.height); y++) {
      for (let x = Math.max(0, box.x); x < Math.min(width, box.x + box.width); x++) {
        const offset = y * rowLength + 1 + x * 3;
        pixels[offset] = box.rgb[0];
        pixels[offset + 1] = box.rgb[1];
        pixels[offset + 2] = box.rgb[2];
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
