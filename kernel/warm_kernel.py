"""Starts the "Rust (handson)" kernel once and waits for its first cell's result, so that its
build slot holds handson and its dependencies built (kernel/install.sh runs this).

    warm_kernel.py

Exit status: 0 when the cell answered, 1 (with the kernel's error) otherwise.
"""

import sys

from jupyter_client.manager import start_new_kernel

# A slot that is new builds every dependency first (several minutes on 2 cores).
TIMEOUT_S = 3600


def main():
    manager, client = start_new_kernel(kernel_name="handson", startup_timeout=TIMEOUT_S)
    try:
        reply = client.execute_interactive("1 + 1", timeout=TIMEOUT_S, output_hook=lambda _: None)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)
    if reply["content"]["status"] != "ok":
        content = reply["content"]
        sys.exit(f"the kernel's first cell failed: {content.get('ename')}: {content.get('evalue')}")


if __name__ == "__main__":
    main()
