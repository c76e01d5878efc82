/* TEST-ONLY stand-in for the bcryptprimitives.dll of Windows 8 and later, for running the
 * Windows build under Wine 8.0 (Debian 12), which has none: cryptography's Rust extension
 * (_rust.pyd, built with Rust 1.78+) imports ProcessPrng from it for its random numbers, so
 * without it `painref pack keygen` and `painref pack verify` cannot load under Wine.
 * ProcessPrng here asks Wine's bcrypt.dll (BCryptGenRandom, the system's preferred RNG),
 * as Windows' own does. build_and_check.py compiles it with mingw into the Wine prefix's
 * system32, where PyInstaller treats it as an OS library: it is never bundled (the script
 * checks that no bcryptprimitives*.dll is in the folder). Real Windows has the real one.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
