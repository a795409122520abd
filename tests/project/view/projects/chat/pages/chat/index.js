Page({
  data: { messages: [], inputValue: '', loading: false, scrollId: '' },
  onInput(e) { this.setData({ inputValue: e.detail.value }) },
  send() {}
})
