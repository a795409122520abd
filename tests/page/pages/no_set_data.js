Page({
  data: { messages: [] },
  onSend(text) {
    console.log('got', text);
  },
});
