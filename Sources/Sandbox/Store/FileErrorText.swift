import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file error as a few plain words ("permission denied", "is a directory"), never a framework's error domain,
/// code and user-info dictionary: the sandbox's state file messages are read by people, not debuggers.
enum FileErrorText {
    static func plain(_ error: any Error) -> String {
        if error is DecodingError {
            return "it is not a sandbox state file (not valid JSON, or from another version); "
                + "`accesspolicy sandbox reset` starts over from the seed"
        }
        let nsError = error as NSError
        if let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? any Error).map({ $0 as NSError }),
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))).lowercased() }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            case NSFileWriteOutOfSpaceError: return "no space left on the disk"
            default: break
            }
        }
        return "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
