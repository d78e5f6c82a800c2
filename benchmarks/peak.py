"""Run one command and print its wall time in seconds, its peak resident memory in
MiB and its exit status: ``python benchmarks/peak.py CMD ARGS...``.

A fresh wrapper process per run, so ``RUSAGE_CHILDREN`` holds that one child only.
The command's output is thrown away (it is timed, not read).
"""

import resource
import subprocess
import sys
import time

start = time.perf_counter()
status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
print(f"{seconds:.4f} {peak_mib:.1f} {status}")
