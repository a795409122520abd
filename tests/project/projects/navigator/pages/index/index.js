Page({
  onShow() { console.log('index onShow'); },
});
