App({
  globalData: { visits: 0 },
  onLaunch(options) {
    console.log('app onLaunch', options.path);
  },
  onShow() {
    console.log('app onShow');
  },
});
