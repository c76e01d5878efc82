/* TEST-ONLY stand-in for the icuuc.dll of Windows 10 1703 and later, for running the
 * Windows build under Wine 8.0 (Debian 12), which has none: Qt 6.7+ (Qt6Core.dll) imports
 * these ucnv_* converter functions from the system's ICU. Every converter open fails, so
 * Qt reports codecs beyond its built-in UTF-8/16/32, Latin-1 and system ones as
 * unavailable; PainRef uses none of them. build_and_check.py compiles it with mingw into
 * the Wine prefix's system32, where PyInstaller treats it as an OS library: it is never
 * bundled (the script checks that no icu*.dll is in the folder). From the feasibility
 * study of issue 18.
 */
#include <stddef.h>
#include <stdint.h>
typedef int UErrorCode;            /* U_ZERO_ERROR = 0 */
#define U_FILE_ACCESS_ERROR 4
#define U_UNSUPPORTED_ERROR 16
typedef void UConverter;
typedef void (*UCallback)(void);
#define EXPORT __declspec(dllexport)
static void fail(UErrorCode *e, int code) { if (e && *e <= 0) *e = code; }
EXPORT UConverter *ucnv_open(const char *name, UErrorCode *e) { (void)name; fail(e, U_FILE_ACCESS_ERROR); return NULL; }
EXPORT void ucnv_close(UConverter *c) { (void)c; }
EXPORT void ucnv_reset(UConverter *c) { (void)c; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 1; }
EXPORT const char *ucnv_getName(const UConverter *c, UErrorCode *e) { (void)c; fail(e, U_UNSUPPORTED_ERROR); return ""; }
EXPORT void ucnv_getToUCallBack(const UConverter *c, UCallback *a, const void **ctx) { (void)c; if (a) *a = NULL; if (ctx) *ctx = NULL; }
EXPORT void ucnv_getFromUCallBack(const UConverter *c, UCallback *a, const void **ctx) { (void)c; if (a) *a = NULL; if (ctx) *ctx = NULL; }
EXPORT void ucnv_setToUCallBack(UConverter *c, UCallback n, const void *nc, UCallback *o, const void **oc, UErrorCode *e) { (void)c; (void)n; (void)nc; if (o) *o = NULL; if (oc) *oc = NULL; fail(e, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_setFromUCallBack(UConverter *c, UCallback n, const void *nc, UCallback *o, const void **oc, UErrorCode *e) { (void)c; (void)n; (void)nc; if (o) *o = NULL; if (oc) *oc = NULL; fail(e, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_cbToUWriteUChars(void *a, const void *s, int32_t l, int32_t o, UErrorCode *e) { (void)a; (void)s; (void)l; (void)o; fail(e, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *sl, int32_t o, UErrorCode *e) { (void)a; (void)s; (void)sl; (void)o; fail(e, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_toUnicode(UConverter *c, void **t, const void *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErrorCode *e) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_fromUnicode(UConverter *c, char **t, const char *tl, const void **s, const void *sl, int32_t *o, int8_t f, UErrorCode *e) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e, U_UNSUPPORTED_ERROR); }
EXPORT int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *e) { (void)c; (void)e; return 0; }
EXPORT int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *e) { (void)c; (void)e; return 0; }
EXPORT const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e) { (void)n; (void)s; (void)e; return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *ctx, void *a, const void *cu, int32_t l, int32_t cp, int r, UErrorCode *e) { (void)ctx; (void)a; (void)cu; (void)l; (void)cp; (void)r; (void)e; }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *ctx, void *a, const char *cb, int32_t l, int r, UErrorCode *e) { (void)ctx; (void)a; (void)cb; (void)l; (void)r; (void)e; }
