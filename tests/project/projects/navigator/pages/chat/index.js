Page({
  data: { topic: '' },
  onLoad(query) {
    console.log('chat onLoad ' + query.topic);
    this.setData({ topic: query.topic });
  },
  onUnload() { console.log('chat onUnload ' + this.data.topic); },
});
