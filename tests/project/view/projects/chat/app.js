App({ globalData: {} })
