// names the platform does not have are undefined; names it has but we do not emulate fail softly
Page({
  data: { messages: [] },
  onSend() {
    const batteryFirst = wx.getBatteryInfoSync();
    wx.getBatteryInfoSync();
    const promised = wx.getLocation(); // no callbacks: a rejected Promise nobody awaits
    const content = [typeof wx.definitelyNotAnApi, typeof wx.getLocation, String(batteryFirst), typeof promised.then].join('|');
    this.setData({ messages: [{ id: 1, role: 'assistant', content }] });
  },
});
