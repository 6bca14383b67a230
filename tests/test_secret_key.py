"""The token signing secret that processes generate in the data folder."""

import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from steward.auth import SECRET_FILE_NAME, load_secret_key

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 4
ROUNDS = 40
# Each process imports Steward once. In every round it waits for the round's
# start file and then loads the secret of the round's empty data folder, so that
# all processes reach the folder at about the same time.
LOAD_AFTER_START = """
import sys
from pathlib import Path
from steward.auth import load_secret_key

folder, rounds = Path(sys.argv[1]), int(sys.argv[2])
for round_number in range(rounds):
    while not (folder / f"start-{round_number}").exists():
        pass
    print(load_secret_key("", folder / f"data-{round_number}"), flush=True)
"""


def test_concurrent_processes_share_secret(tmp_path: Path) -> None:
    command = [sys.executable, "-c", LOAD_AFTER_START, str(tmp_path), str(ROUNDS)]
    loaders = [
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(PROCESSES)
    ]
    # Time for the imports, so that the processes wait for the first start file.
    time.sleep(3)
    for round_number in range(ROUNDS):
        (tmp_path / f"start-{round_number}").touch()
        time.sleep(0.05)
    outputs = [loader.communicate(timeout=60) for loader in loaders]

    for loader, (_, stderr) in zip(loaders, outputs, strict=True):
        assert loader.returncode == 0, stderr
    for round_number in range(ROUNDS):
        data_dir = tmp_path / f"data-{round_number}"
        path = data_dir / SECRET_FILE_NAME
        secrets = {stdout.splitlines()[round_number] for stdout, _ in outputs}
        assert secrets == {path.read_text()}, f"round {round_number}"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert [child.name for child in data_dir.iterdir()] == [SECRET_FILE_NAME]


def test_secret_file_is_reused(tmp_path: Path) -> None:
    first = load_secret_key("", tmp_path)
    second = load_secret_key("", tmp_path)

    assert len(first) == 64
    assert second == first


def test_empty_secret_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / SECRET_FILE_NAME
    path.write_text("\n")

    with pytest.raises(ValueError) as raised:
        load_secret_key("", tmp_path)

    assert str(raised.value) == (
        f"the token signing secret file {path} is empty; delete it to generate a "
        "new secret, or set STEWARD_SECRET_KEY"
    )
