import Foundation

// Everything tl writes (the browser's stars, notes and place; exports; converted timelines;
// the clipboard file; stores) is written whole or not at all.

/// Writing files whole or not at all: to a temporary file in the target's folder, flushed to
/// disk, then renamed over the target.
public enum AtomicFile {
    /// Writes `data` to a temporary file in `url`'s folder, fsyncs it, and renames it over `url`.
    public static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path]) }
        let ok = data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
        close(fd)
        do {
            guard ok else { throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: url.path]) }
            try replace(url.path, with: temporary.path)
        } catch {
            unlink(temporary.path)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    /// Flushes the finished file `temporary` to disk and renames it over `path` (then flushes
    /// the folder, so that the rename itself survives a crash) — unless `isCancelled` says, at
    /// the last moment, that it should not.
    static func replace(_ path: String, with temporary: String, isCancelled: () -> Bool = { false }) throws(StoreError) {
        let fd = open(temporary, O_RDONLY)
        let flushed = fd >= 0 && fsync(fd) == 0
        if fd >= 0 { close(fd) }
        guard flushed else { throw StoreError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        // For tests: a pause between the flushed temporary file and the rename, to kill tl in.
        if let pause = ProcessInfo.processInfo.environment["TL_TEST_PAUSE_BEFORE_RENAME"].flatMap(Double.init) { Thread.sleep(forTimeInterval: pause) }
        if isCancelled() { throw StoreError.interrupted(path: path) }
        guard rename(temporary, path) == 0 else { throw StoreError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }
}
