/*
 * A stand-in for Windows' bcryptprimitives.dll, for running Go programs
 * under Wine 8 only (test harness; never shipped).
 *
 * Go 1.24 and later get their random numbers from
 * bcryptprimitives.dll!ProcessPrng, which Wine added after 8.0: without it
 * every Go program aborts at start. ProcessPrng here fills the buffer
 * through advapi32!SystemFunction036 (RtlGenRandom), which Wine 8 has.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
