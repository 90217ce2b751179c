/* bcryptprimitives.dll for Wine releases without ProcessPrng (Wine 8), which Go 1.22+
 * needs to start: it forwards to BCryptGenRandom. Built and used by the Wine tests only. */
#include <windows.h>
#include <bcrypt.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
		data += n; len -= n;
	}
	return TRUE;
}
