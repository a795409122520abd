App({
  onLaunch() {
    const x = ;
  },
});
