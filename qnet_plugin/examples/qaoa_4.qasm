// One layer of QAOA for MaxCut on the 4-cycle 0-1-2-3-0 (gamma = 0.6, beta = 0.4).
OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
creg c[4];
h q[0];
h q[1];
h q[2];
h q[3];
rzz(1.2) q[0], q[1];
rzz(1.2) q[1], q[2];
rzz(1.2) q[2], q[3];
rzz(1.2) q[3], q[0];
rx(0.8) q[0];
rx(0.8) q[1];
rx(0.8) q[2];
rx(0.8) q[3];
measure q -> c;
