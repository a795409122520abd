Page({
  onShow() { console.log('about onShow'); },
});
