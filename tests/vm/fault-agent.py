#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host side of fault injection for the test VM.

run-vm.sh --fault-agent starts this next to QEMU. The guest talks to it
over its second serial port (/dev/ttyS1, root only), which QEMU connects
to a Unix socket; the agent turns each request into QMP on the wse device.
One ASCII line each way:

    hello                   -> ok wse-fault-agent
    set <prop> <value>      -> ok            qom-set on the device
    get <prop>              -> ok <value>    qom-get
    unplug                  -> ok            device_del, then DEVICE_DELETED
    plug                    -> ok            device_add with the same options
    hmp <command line>      -> ok [output]   human-monitor-command
    anything wrong          -> err <message>

Values: true/false are booleans, integers are integers, anything else is
a string. Python 3 standard library only.

Usage: fault-agent.py --serial SOCK --qmp SOCK --device 'wse,bus=rp0,id=wse0'
                      [--log FILE] [--timeout SEC]
"""

import argparse
import json
import re
import socket
import sys
import time

PROP_RE = re.compile(r'^[a-z][a-z0-9-]*$')


class AgentError(Exception):
    """A request that cannot be done; its text goes back as 'err ...'."""


def connect_unix(path, timeout):
    """Connect to QEMU's listening socket, waiting for QEMU to create it."""
    deadline = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except (FileNotFoundError, ConnectionRefusedError):
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Qmp:
    """A minimal QMP client that keeps the events it reads on the way."""

    def __init__(self, path, timeout):
        self.sock = connect_unix(path, timeout)
        self.file = self.sock.makefile('rwb', buffering=0)
        self.events = []
        greeting = self._read()
        if 'QMP' not in greeting:
            raise AgentError('no QMP greeting')
        self.execute('qmp_capabilities')

    def _read(self):
        line = self.file.readline()
        if not line:
            raise EOFError('QMP connection closed')
        return json.loads(line)

    def execute(self, cmd, **args):
        msg = {'execute': cmd}
        if args:
            msg['arguments'] = args
        self.file.write(json.dumps(msg).encode() + b'\n')
        while True:
            resp = self._read()
            if 'event' in resp:
                self.events.append(resp)
            elif 'error' in resp:
                raise AgentError(resp['error'].get('desc', 'QMP error'))
            elif 'return' in resp:
                return resp['return']

    def wait_event(self, name, match, timeout):
        """Wait for event @name whose data has the items of @match."""
        deadline = time.monotonic() + timeout
        while True:
            for ev in self.events:
                data = ev.get('data', {})
                if ev['event'] == name and \
                        all(data.get(k) == v for k, v in match.items()):
                    self.events.remove(ev)
                    return ev
            self.events.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise AgentError(f'no {name} event within {timeout} s')
            self.sock.settimeout(left)
            try:
                resp = self._read()
            except socket.timeout:
                raise AgentError(f'no {name} event within {timeout} s')
            finally:
                self.sock.settimeout(None)
            if 'event' in resp:
                self.events.append(resp)


def parse_device(spec):
    """'wse,bus=rp0,id=wse0,k=v' -> device_add arguments."""
    parts = spec.split(',')
    args = {'driver': parts[0]}
    for p in parts[1:]:
        if '=' not in p:
            raise SystemExit(f'fault-agent: bad device option {p!r}')
        k, v = p.split('=', 1)
        args[k] = v
    if 'id' not in args:
        raise SystemExit('fault-agent: the device needs an id= to be addressed')
    return args


def parse_value(text):
    if text in ('true', 'false'):
        return text == 'true'
    if re.fullmatch(r'-?[0-9]+', text):
        return int(text)
    return text


def show_value(val):
    if isinstance(val, bool):
        return 'true' if val else 'false'
    return str(val)


# Longer replies are cut: the guest reads them a character at a time.
MAX_REPLY = 1000


def one_line(text):
    """Reply text as a single printable ASCII line."""
    text = ' / '.join(t.strip() for t in text.splitlines() if t.strip())
    text = ''.join(c if ' ' <= c <= '~' else '?' for c in text)
    return text if len(text) <= MAX_REPLY else text[:MAX_REPLY - 3] + '...'



class Agent:
    def __init__(self, qmp, device, timeout):
        self.qmp = qmp
        self.device = device
        self.path = '/machine/peripheral/' + device['id']
        self.timeout = timeout

    def handle(self, line):
        words = line.split(None, 1)
        if not words:
            raise AgentError('empty request')
        cmd, rest = words[0], (words[1] if len(words) > 1 else '')
        if cmd == 'hello':
            return 'wse-fault-agent'
        if cmd == 'set':
            args = rest.split()
            if len(args) != 2 or not PROP_RE.match(args[0]):
                raise AgentError('usage: set <property> <value>')
            self.qmp.execute('qom-set', path=self.path, property=args[0],
                             value=parse_value(args[1]))
            return ''
        if cmd == 'get':
            if not PROP_RE.match(rest):
                raise AgentError('usage: get <property>')
            return show_value(self.qmp.execute('qom-get', path=self.path,
                                               property=rest))
        if cmd == 'unplug':
            self.qmp.execute('device_del', id=self.device['id'])
            self.qmp.wait_event('DEVICE_DELETED', {'device': self.device['id']},
                                self.timeout)
            return ''
        if cmd == 'plug':
            self.qmp.execute('device_add', **self.device)
            return ''
        if cmd == 'hmp':
            if not rest:
                raise AgentError('usage: hmp <command line>')
            return one_line(self.qmp.execute('human-monitor-command',
                                             **{'command-line': rest}))
        raise AgentError(f'unknown request {cmd!r}')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--serial', required=True,
                    help="Unix socket of the guest's second serial port")
    ap.add_argument('--qmp', required=True, help='QMP Unix socket')
    ap.add_argument('--device', required=True,
                    help='the -device option of the wse device')
    ap.add_argument('--log', help='log requests here (default: stderr)')
    ap.add_argument('--timeout', type=float, default=30,
                    help='seconds to wait for QEMU and for an unplug')
    opts = ap.parse_args()

    log = open(opts.log, 'a', buffering=1) if opts.log else sys.stderr

    def note(msg):
        print(f'fault-agent: {time.strftime("%H:%M:%S")} {msg}', file=log)

    device = parse_device(opts.device)
    try:
        qmp = Qmp(opts.qmp, opts.timeout)
        serial = connect_unix(opts.serial, opts.timeout)
    except (OSError, EOFError, AgentError) as e:
        note(f'cannot reach QEMU: {e}')
        return 1
    agent = Agent(qmp, device, opts.timeout)
    note(f'ready for {agent.path}')

    buf = b''
    while True:
        try:
            data = serial.recv(4096)
        except OSError as e:
            note(f'serial: {e}')
            return 1
        if not data:
            note('QEMU closed the serial port; done')
            return 0
        buf += data
        while b'\n' in buf:
            raw, buf = buf.split(b'\n', 1)
            line = raw.decode('ascii', 'replace').strip()
            if not line:
                continue
            try:
                out = agent.handle(line)
                reply = 'ok' + (' ' + out if out else '')
            except AgentError as e:
                reply = 'err ' + one_line(str(e))
            except EOFError:
                note('QMP closed; done')
                return 0
            note(f'{line!r} -> {reply!r}')
            try:
                serial.sendall(reply.encode('ascii') + b'\n')
            except OSError as e:
                note(f'serial: {e}')
                return 1


if __name__ == '__main__':
    sys.exit(main())
