// A streaming UTF-8 decoder for onChunkReceived: the phone has no TextDecoder, and a chunk may
// end in the middle of a character, so the bytes of an unfinished character wait for the next.
function createUtf8Decoder() {
  let pending = new Uint8Array(0);

  function write(buffer) {
    const chunk = new Uint8Array(buffer);
    const bytes = new Uint8Array(pending.length + chunk.length);
    bytes.set(pending, 0);
    bytes.set(chunk, pending.length);
    pending = new Uint8Array(0);
    let text = '';
    let i = 0;
    while (i < bytes.length) {
      const lead = bytes[i];
      if (lead < 0x80) {
        text += String.fromCharCode(lead);
        i += 1;
        continue;
      }
      const extra = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : -1;
      if (extra < 0) {
        text += '\ufffd';
        i += 1;
        continue;
      }
      if (i + extra >= bytes.length) {
        pending = bytes.slice(i); // an unfinished character: keep it for the next chunk
        break;
      }
      let code = lead & (0x3f >> extra);
      let ok = true;
      for (let k = 1; k <= extra; k++) {
        const next = bytes[i + k];
        if ((next & 0xc0) !== 0x80) {
          ok = false;
          break;
        }
        code = (code << 6) | (next & 0x3f);
      }
      if (!ok) {
        text += '\ufffd';
        i += 1;
        continue;
      }
      text += String.fromCodePoint(code);
      i += extra + 1;
    }
    return text;
  }

  return { write };
}

module.exports = { createUtf8Decoder };
