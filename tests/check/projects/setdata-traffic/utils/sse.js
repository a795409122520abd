// Server-Sent Events from a text stream: events end with a blank line, one may span chunks.
function createSseParser(onEvent) {
  let buffer = '';

  function push(text) {
    buffer += text;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      block.split('\n').forEach((line) => {
        if (line.indexOf('event:') === 0) event = line.slice(6).trim();
        else if (line.indexOf('data:') === 0) data.push(line.slice(5).trim());
      });
      onEvent({ event, data: data.join('\n') });
      end = buffer.indexOf('\n\n');
    }
  }

  return { push };
}

module.exports = { createSseParser };
