import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Every folder these tests make (copies of data/, broken and hostile datasets, tmux sessions'
/// folders, the synthetic timelines tl-generate writes) lives under one folder per test process,
/// `$TMPDIR/tl-tests-PID`, which is removed when the process exits. A run that was killed
/// cannot remove its own; the next run removes the folders of processes that no longer exist.
let testFolderRoot: URL = {
    let temporary = FileManager.default.temporaryDirectory
    removeFoldersOfEndedRuns(in: temporary)
    let root = temporary.appendingPathComponent("\(testFolderPrefix)\(getpid())")
    try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testFolderRoot) }
    // tl keeps stars, notes and its last place under XDG_STATE_HOME and reads its configuration
    // from XDG_CONFIG_HOME: never the developer's, and never another test's (each tmux session
    // gets folders of its own too).
    setenv("XDG_STATE_HOME", root.appendingPathComponent("state").path, 1)
    setenv("XDG_CONFIG_HOME", root.appendingPathComponent("config").path, 1)
    return root
}()

private let testFolderPrefix = "tl-tests-"

/// Removes `tl-tests-PID` folders whose process has ended (another test run may be going on
/// at the same time, in this worktree or another: its folder is left alone).
private func removeFoldersOfEndedRuns(in temporary: URL) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
    for name in names where name.hasPrefix(testFolderPrefix) {
        guard let pid = pid_t(name.dropFirst(testFolderPrefix.count)), pid != getpid() else { continue }
        let running = kill(pid, 0) == 0 || errno == EPERM
        if !running { try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name)) }
    }
}

/// A new empty folder for one test, removed with the rest when the test process exits.
/// (Its path is about as long as the one these tests used before: a terminal test reads a
/// message holding it in a 100-column pane, and expects it to wrap where it did.)
func temporaryFolder() throws -> URL {
    let url = testFolderRoot.appendingPathComponent("test-" + UUID().uuidString.prefix(15))
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    return url
}
