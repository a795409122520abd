"""A minium test of the native chat project, against `python -m simulator auto` (not DevTools).

minium (PyPI, WeChat's Python automation SDK) speaks the same protocol as miniprogram-automator.
Run the server, then this file with a Python that has minium installed:

    python -m simulator auto --project examples/projects/native-chat --auto-port 9420 --headless &
    WX_AUTO_PORT=9420 python -m unittest examples/automation/minium_chat_test.py

One difference from DevTools: minium reads `wx.getAccountInfoSync().miniProgram.appId` for its
usage reports and, without one, asks every element for an `app_id` property until Python's
recursion limit. The simulator's wx has no account, so `setUpClass` mocks that API through the
protocol first (mocks outlive the connection, as in DevTools). docs/automation.md, "minium".
"""

from __future__ import annotations

import json
import os
import time
import unittest

import minium
import websocket  # websocket-client, a dependency of minium

PORT = int(os.environ.get("WX_AUTO_PORT", "9420"))
ACCOUNT = {"miniProgram": {"appId": "wx-native-chat", "envVersion": "develop", "version": ""}}


def mock_account_info() -> None:
    ws = websocket.create_connection(f"ws://127.0.0.1:{PORT}", timeout=30)
    try:
        params = {"method": "getAccountInfoSync", "result": ACCOUNT}
        ws.send(json.dumps({"id": "account", "method": "App.mockWxMethod", "params": params}))
        answer = json.loads(ws.recv())
        assert answer == {"id": "account", "result": {}}, answer
    finally:
        ws.close()


class ChatTest(unittest.TestCase):
    mini: minium.WXMinium

    @classmethod
    def setUpClass(cls) -> None:
        mock_account_info()
        cls.mini = minium.WXMinium({"test_port": str(PORT), "auto_relaunch": False})

    def test_send_shows_the_streamed_reply(self) -> None:
        page = self.mini.app.get_current_page()
        self.assertEqual(page.path, "/pages/chat/index")
        before = len(page.data["chatList"])
        page.get_element("input").input("你好")
        self.assertEqual(page.data["inputValue"], "你好")
        page.get_element("button").tap()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait for the reply to finish streaming
            data = page.data
            if len(data["chatList"]) == before + 2 and not data["loading"]:
                break
            time.sleep(0.2)
        reply = page.get_elements(".bubble")[-1].inner_text
        self.assertTrue(reply)
        self.assertEqual(page.data["chatList"][-1]["text"], reply)
        print(json.dumps({"reply": reply}, ensure_ascii=False))


if __name__ == "__main__":
    unittest.main()
