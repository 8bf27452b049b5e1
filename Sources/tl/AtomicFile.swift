import Foundation

// Everything tl writes (the browser's stars, notes and place; exports; converted timelines;
// the clipboard file) is written whole or not at all.

/// Writes `data` to a temporary file in `url`'s folder, fsyncs it, and renames it over `url`.
func writeAtomically(_ data: Data, to url: URL) throws {
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path]) }
    var ok = data.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { return false }
            offset += written
        }
        return true
    }
    ok = ok && fsync(fd) == 0
    close(fd)
    // For tests: a pause between the flushed temporary file and the rename, to kill tl in.
    if let pause = ProcessInfo.processInfo.environment["TL_TEST_PAUSE_BEFORE_RENAME"].flatMap(Double.init) { Thread.sleep(forTimeInterval: pause) }
    guard ok, rename(temporary.path, url.path) == 0 else {
        unlink(temporary.path)
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
    }
}
