"""Echo server for Engine.Bench's `quick echo` group: asyncio Protocol, on uvloop or plain asyncio.

usage: python3 echo_server.py (uvloop|asyncio) PORT
Prints "ready" once listening on 127.0.0.1:PORT, then serves until killed.
"""
import asyncio
import sys


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def main(port):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Echo, "127.0.0.1", port, backlog=1024)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    flavour, port = sys.argv[1], int(sys.argv[2])
    if flavour == "uvloop":
        import uvloop
        uvloop.install()
    asyncio.run(main(port))
