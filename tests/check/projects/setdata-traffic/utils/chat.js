// The request both pages make: SSE over enableChunked, decoded without TextDecoder.
const config = require('../config.js');
const { createUtf8Decoder } = require('./utf8.js');
const { createSseParser } = require('./sse.js');

function streamReply(message, { onText, onEnd }) {
  const decoder = createUtf8Decoder();
  const parser = createSseParser(({ event, data }) => {
    if (event === 'done' || data === '[DONE]' || event === 'error') return;
    onText(JSON.parse(data).text);
  });
  const task = wx.request({
    url: config.baseUrl + config.chatPath,
    method: 'POST',
    header: { 'content-type': 'application/x-www-form-urlencoded' },
    data: { message, userId: 'setdata' },
    enableChunked: true,
    responseType: 'arraybuffer',
    complete: onEnd,
  });
  task.onChunkReceived((res) => {
    const more = decoder.write(res.data);
    if (more) parser.push(more);
  });
}

module.exports = { streamReply };
