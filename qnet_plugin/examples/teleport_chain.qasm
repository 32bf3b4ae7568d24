// A state rotated on qubit 0 is moved down a chain q0 -> q1 -> q2 -> q3 by SWAPs written as CNOTs
// (on a network each hop across fridges becomes link-consuming operations), then un-rotated:
// the ideal output is |0000>.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
creg c[4];
ry(0.7) q[0];
rz(0.3) q[0];
cx q[0], q[1];
cx q[1], q[0];
cx q[0], q[1];
cx q[1], q[2];
cx q[2], q[1];
cx q[1], q[2];
cx q[2], q[3];
cx q[3], q[2];
cx q[2], q[3];
rz(-0.3) q[3];
ry(-0.7) q[3];
measure q -> c;
