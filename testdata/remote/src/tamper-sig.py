#!/usr/bin/env python3
"""tamper-sig.py - flips one bit in the signature of the first v4 signature packet
of a given type (hex, e.g. 13, 18, 20, 28) of a binary keyring:

    python3 tamper-sig.py IN OUT TYPE

keys/tampered-*.gpg come from it (tampered-uid-sig: good-2020 with type 13;
tampered-uid-sig-and-good: the same followed by pubring.gpg).  keys/no-user-id.gpg
is the first packet of pubring.gpg, keys/no-self-signature.gpg its first two;
keys/subkey-unbound.gpg is subkey-expired.gpg without its last packet (the
binding), keys/good-2020-unbound-subkey.gpg good-2020.gpg followed by that
subkey packet, keys/subkey-wrong-sig-type.gpg subkey-expired.gpg followed by
its own user ID self-signature.
"""
import sys
def packets(d):
    i=0; out=[]
    while i < len(d):
        b=d[i]; start=i
        if b & 0x40:
            tag=b&0x3f; o=d[i+1]
            if o<192: l=o; h=2
            elif o<224: l=((o-192)<<8)+d[i+2]+192; h=3
            else: l=int.from_bytes(d[i+2:i+6],'big'); h=6
        else:
            tag=(b&0x3f)>>2; lt=b&3; n=[1,2,4][lt]; l=int.from_bytes(d[i+1:i+1+n],'big'); h=1+n
        out.append((tag,start,start+h,start+h+l)); i=start+h+l
    return out
src,dst,which=sys.argv[1],sys.argv[2],sys.argv[3]   # which: sigtype hex e.g. 18, 20, 28
d=bytearray(open(src,'rb').read())
for tag,s,b,e in packets(d):
    if tag==2 and d[b]==4 and d[b+1]==int(which,16):
        d[e-3]^=1; break
else: sys.exit("no such sig")
open(dst,'wb').write(d)
