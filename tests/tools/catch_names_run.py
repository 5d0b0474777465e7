#!/usr/bin/env python3
"""Every Catch2 test CTest runs must run at least one test case.

catch_discover_tests hands each test case's name to its binary as a filter.
A name that starts with "[" is read as a tag, and a ";" splits the name in
two: such a test "passes" with "No test cases matched" and checks nothing.
This asks CTest for every test's command and the binary which test cases
that filter selects; any filter selecting none fails the run, named.

    catch_names_run.py BUILD_DIR
"""
import json
import re
import subprocess
import sys


def main():
    build = sys.argv[1]
    listing = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1"],
                             check=True, capture_output=True, text=True).stdout
    checked, empty = 0, []
    for test in json.loads(listing)["tests"]:
        command = test.get("command") or []
        # A discovered Catch2 test: one of the *_tests binaries, then the test
        # case's name as its filter.
        if len(command) != 2 or not command[0].endswith("_tests"):
            continue
        binary, name_filter = command
        out = subprocess.run([binary, name_filter, "--list-tests"], capture_output=True,
                             text=True).stdout
        checked += 1
        m = re.search(r"(\d+) matching test cases?", out)
        if (m and m.group(1) == "0") or "No test cases matched" in out:
            empty.append(test["name"])
    if checked == 0:
        print("no Catch2 tests found in " + build)
        return 1
    if empty:
        print("%d of %d Catch2 tests run no test case (a name starting with '[' is a tag, "
              "a ';' splits it):" % (len(empty), checked))
        for name in empty:
            print("  " + name)
        return 1
    print("ok: each of %d Catch2 tests runs its test case" % checked)
    return 0


if __name__ == "__main__":
    sys.exit(main())
