"""DevTools-like panels beside the phone: latency, chart, history, network log, race table."""
