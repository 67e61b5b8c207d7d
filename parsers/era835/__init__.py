from edi.transaction import LoopTreeReader

READER = LoopTreeReader("parsers.era835")
