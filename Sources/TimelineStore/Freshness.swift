import Foundation

extension Provenance {
    /// The file at `path` as it is now (a size of -1 when it cannot be read).
    static func stamp(of path: String) -> Stamp {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let (size, modified) = status(of: absolute) ?? (-1, 0)
        return Stamp(path: absolute, size: size, modified: modified, hash: contentHash(of: absolute) ?? "")
    }

    /// What changed in the file a stamp describes, named from `folder` ("sources/x.txt
    /// changed"), or nil when it is as it was. A file whose size and time are unchanged is
    /// taken as unchanged; one touched but not changed is told apart by its content hash.
    static func change(since stamp: Stamp, namedFrom folder: String) -> String? {
        let name = stamp.path.hasPrefix(folder) ? String(stamp.path.dropFirst(folder.count)) : stamp.path
        guard let (size, modified) = status(of: stamp.path) else { return "\(name) is gone" }
        if size == stamp.size && modified == stamp.modified { return nil }
        return size != stamp.size || contentHash(of: stamp.path) != stamp.hash ? "\(name) changed" : nil
    }

    private static func status(of path: String) -> (size: Int64, modified: Double)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int64(info.st_size), Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// FNV-1a (64 bits) of the file's bytes, read a megabyte at a time: enough to tell an edit
    /// from a touch, and no cryptographic library to build for it.
    static func contentHash(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { bytes in
                for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            }
        }
        return String(hash, radix: 16)
    }
}
