/* fuzz_mbox.c: splitting an mbox (mboxo and mboxrd). */
#include "tests/fuzz/fuzz.h"
#include "patchbay/mbox.h"

static int count_msg(void *payload, const char *msg, size_t len)
{
	size_t *n = payload;
	/* every byte of every message is read, as the importer reads them */
	for (size_t i = 0; i < len; i++)
		*n += (unsigned char)msg[i] == 0xff;
	(*n)++;
	return 0;
}

int PB_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	size_t n = 0;
	(void)pb_mbox_is_rd((const char *)data, size);
	pb_mbox_split(NULL, (const char *)data, size, count_msg, &n);
	return 0;
}
