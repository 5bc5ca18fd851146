/**
 * A small ICC v2 display profile for sRGB, built from the numbers of IEC 61966-2-1, for the
 * PDF/A OutputIntent (ISO 19005-3 §6.2.3: a device-dependent colour space needs an output
 * intent with an embedded ICC profile). No profile file ships with our npm packages, and
 * writing it from the standard's numbers keeps the repository free of third-party binaries:
 *
 * - colorants: the sRGB primaries (x,y) R 0.64/0.33, G 0.30/0.60, B 0.15/0.06 with a D65 white,
 *   chromatically adapted to the D50 profile connection space with the Bradford transform (the
 *   values every sRGB ICC profile carries, to 4–5 decimals);
 * - tone curves: the sRGB transfer function (linear below 0.04045, power 2.4 above), sampled on
 *   1024 points, one `curv` table shared by the three channels.
 */

const D50_WHITE = [0.9642, 1.0, 0.8249] as const;
const RED = [0.436066, 0.222488, 0.013916] as const;
const GREEN = [0.385147, 0.716873, 0.097076] as const;
const BLUE = [0.143066, 0.060608, 0.714096] as const;
const CURVE_POINTS = 1024;

class IccWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(offset: number, value: number) {
    this.view.setUint8(offset, value);
  }
  u16(offset: number, value: number) {
    this.view.setUint16(offset, value);
  }
  u32(offset: number, value: number) {
    this.view.setUint32(offset, value);
  }
  ascii(offset: number, text: string) {
    for (const [index, char] of [...text].entries()) {
      this.u8(offset + index, char.charCodeAt(0));
    }
  }
  s15Fixed16(offset: number, value: number) {
    this.view.setInt32(offset, Math.round(value * 65536));
  }
}

type Tag = { signature: string; size: number; write: (writer: IccWriter, at: number) => void };

function textDescription(text: string): Tag {
  // textDescriptionType (ICC.1:2001-04 §6.5.17): ASCII part, empty Unicode and ScriptCode parts.
  return {
    signature: 'desc',
    size: 12 + text.length + 1 + 8 + 3 + 67,
    write: (writer, at) => {
      writer.ascii(at, 'desc');
      writer.u32(at + 8, text.length + 1);
      writer.ascii(at + 12, text);
    },
  };
}

function textTag(signature: string, text: string): Tag {
  return {
    signature,
    size: 8 + text.length + 1,
    write: (writer, at) => {
      writer.ascii(at, 'text');
      writer.ascii(at + 8, text);
    },
  };
}

function xyzTag(signature: string, xyz: readonly [number, number, number]): Tag {
  return {
    signature,
    size: 20,
    write: (writer, at) => {
      writer.ascii(at, 'XYZ ');
      for (const [index, value] of xyz.entries()) {
        writer.s15Fixed16(at + 8 + index * 4, value);
      }
    },
  };
}

function srgbToLinear(encoded: number): number {
  return encoded <= 0.04045 ? encoded / 12.92 : ((encoded + 0.055) / 1.055) ** 2.4;
}

const curve: Tag = {
  signature: 'rTRC',
  size: 12 + CURVE_POINTS * 2,
  write: (writer, at) => {
    writer.ascii(at, 'curv');
    writer.u32(at + 8, CURVE_POINTS);
    for (let index = 0; index < CURVE_POINTS; index += 1) {
      const linear = srgbToLinear(index / (CURVE_POINTS - 1));
      writer.u16(at + 12 + index * 2, Math.round(linear * 65535));
    }
  },
};

const align4 = (value: number) => Math.ceil(value / 4) * 4;

let cached: Uint8Array | undefined;

/** The sRGB profile bytes (about 2.5 kB), built once per process. */
export function srgbIccProfile(): Uint8Array {
  if (cached) {
    return cached;
  }
  const tags: Tag[] = [
    textDescription('sRGB IEC61966-2.1'),
    textTag('cprt', 'No copyright, use freely'),
    xyzTag('wtpt', D50_WHITE),
    xyzTag('rXYZ', RED),
    xyzTag('gXYZ', GREEN),
    xyzTag('bXYZ', BLUE),
    curve,
  ];
  // gTRC and bTRC point at the same curve data as rTRC.
  const directory = [...tags.map((tag) => tag.signature), 'gTRC', 'bTRC'];
  let offset = align4(128 + 4 + directory.length * 12);
  const placed = tags.map((tag) => {
    const at = offset;
    offset = align4(offset + tag.size);
    return { tag, at };
  });
  const size = offset;
  const writer = new IccWriter(size);

  writer.u32(0, size);
  writer.u32(8, 0x02100000); // version 2.1.0
  writer.ascii(12, 'mntr');
  writer.ascii(16, 'RGB ');
  writer.ascii(20, 'XYZ ');
  // Creation date 2026-01-01 00:00:00: fixed so that the profile bytes never change.
  for (const [index, value] of [2026, 1, 1, 0, 0, 0].entries()) {
    writer.u16(24 + index * 2, value);
  }
  writer.ascii(36, 'acsp');
  writer.u32(64, 0); // perceptual rendering intent
  for (const [index, value] of D50_WHITE.entries()) {
    writer.s15Fixed16(68 + index * 4, value);
  }

  writer.u32(128, directory.length);
  const curveEntry = placed.find(({ tag }) => tag === curve);
  const entries = [
    ...placed.map(({ tag, at }) => ({ signature: tag.signature, at, size: tag.size })),
    ...['gTRC', 'bTRC'].map((signature) => ({
      signature,
      at: curveEntry?.at ?? 0,
      size: curve.size,
    })),
  ];
  entries.forEach((entry, index) => {
    const at = 132 + index * 12;
    writer.ascii(at, entry.signature);
    writer.u32(at + 4, entry.at);
    writer.u32(at + 8, entry.size);
  });
  for (const { tag, at } of placed) {
    tag.write(writer, at);
  }
  cached = writer.bytes;
  return cached;
}
