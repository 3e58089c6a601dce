/* The parsers of acpi_parse.h. Fields are read with memcpy: ACPI packs
 * its structures, so an XSDT entry or a MADT field is often unaligned. */
#include "drivers/acpi_parse.h"
#include "lib/string.h"

#define MADT_ENTRIES 44           /* the header, the local APIC address, flags */
#define FADT_MIN_LEN 72           /* up to PM1b_CNT_BLK */
#define FADT_EVT_LEN_END 89       /* up to PM1_EVT_LEN */
#define FADT_FLAGS_END 116
#define PWR_BUTTON (1u << 4)      /* the power button is a control method */
#define RESET_REG_SUP (1u << 10)
#define HW_REDUCED_ACPI (1u << 20)

static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

bool acpi_checksum_ok(const void *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ((const uint8_t *)p)[i];
    return sum == 0;
}

static void skip(struct acpi_skipped *s, const char *why, uint32_t offset)
{
    if (s->count++ == 0) {
        s->why = why;
        s->offset = offset;
    }
}

/* The length each MADT entry type we read must have at least. */
static unsigned madt_min_len(uint8_t type)
{
    switch (type) {
    case 0: return 8;             /* processor local APIC: flags at 4 */
    case 1: return 12;            /* I/O APIC: address at 4 */
    case 2: return 10;            /* interrupt source override: flags at 8 */
    default: return 2;            /* not read */
    }
}

bool acpi_parse_madt(const uint8_t *t, uint32_t len, struct acpi_madt *out)
{
    memset(out, 0, sizeof *out);
    if (len < MADT_ENTRIES)
        return false;
    uint32_t off = MADT_ENTRIES;
    while (off < len) {
        if (len - off < 2) {
            skip(&out->skipped, "an entry header cut by the table's end", off);
            break;
        }
        const uint8_t *p = t + off;
        uint8_t type = p[0], elen = p[1];
        if (elen < 2) {               /* no way to the next entry */
            skip(&out->skipped, "an entry of length 0 or 1", off);
            break;
        }
        if (elen > len - off) {
            skip(&out->skipped, "an entry past the table's end", off);
            break;
        }
        off += elen;
        if (elen < madt_min_len(type)) {
            skip(&out->skipped, "an entry too short for its type", (uint32_t)(p - t));
            continue;
        }
        switch (type) {
        case 0:
            if (rd32(p + 4) & 1)
                out->ncpus++;
            break;
        case 1:
            if (!out->has_ioapic) {
                out->has_ioapic = true;
                out->ioapic = rd32(p + 4);
            }
            break;
        case 2:                       /* bus 0 (ISA) only, as many as we keep */
            if (p[2] == 0 && out->noverrides < ACPI_MAX_OVERRIDES) {
                out->overrides[out->noverrides].irq = p[3];
                out->overrides[out->noverrides].gsi = rd32(p + 4);
                out->overrides[out->noverrides].flags = rd16(p + 8);
                out->noverrides++;
            }
            break;
        }
    }
    return true;
}

bool acpi_parse_fadt(const uint8_t *t, uint32_t len, struct acpi_fadt *out)
{
    memset(out, 0, sizeof *out);
    if (len < FADT_MIN_LEN)
        return false;
    out->dsdt = rd32(t + 40);
    out->smi_cmd = rd32(t + 48);
    out->acpi_enable = t[52];
    out->pm1a_cnt = (uint16_t)rd32(t + 64);
    out->pm1b_cnt = (uint16_t)rd32(t + 68);
    out->sci_int = rd16(t + 46);
    uint32_t flags = len >= FADT_FLAGS_END ? rd32(t + 112) : 0;
    if (len >= FADT_EVT_LEN_END && t[88] >= 4 && !(flags & (PWR_BUTTON | HW_REDUCED_ACPI))) {
        out->pm1a_evt = (uint16_t)rd32(t + 56);
        out->pm1b_evt = out->pm1a_evt ? (uint16_t)rd32(t + 60) : 0;
        out->pm1_evt_len = t[88];
    }
    if (len >= 129 && (rd32(t + 112) & RESET_REG_SUP) && rd64(t + 120)) {
        out->has_reset = true;
        out->reset_space = t[116];
        out->reset_address = rd64(t + 120);
        out->reset_value = t[128];
    }
    if (len >= 148 && rd64(t + 140))
        out->dsdt = rd64(t + 140);
    if (len >= 256 && rd64(t + 248)) {
        out->sleep_space = t[244];
        out->sleep_address = rd64(t + 248);
    }
    return true;
}

/* One element of \_S5's package: an integer as AML encodes small ones,
 * before end. The byte after it, or NULL. */
static const uint8_t *aml_small_int(const uint8_t *p, const uint8_t *end, uint16_t *v)
{
    if (p < end && *p == 0x0A && end - p >= 2) {   /* BytePrefix */
        *v = p[1];
        return p + 2;
    }
    if (p < end && (*p == 0x00 || *p == 0x01)) {   /* ZeroOp, OneOp */
        *v = *p;
        return p + 1;
    }
    return NULL;
}

/* "Name(_S5, Package(){ SLP_TYPa, SLP_TYPb, ... })": NameOp, the name
 * (maybe with a root prefix), PackageOp, PkgLength, NumElements, the
 * elements. */
bool acpi_find_s5(const uint8_t *t, uint32_t len, uint16_t *typ_a, uint16_t *typ_b)
{
    const uint8_t *end = t + len;
    for (const uint8_t *p = t + ACPI_HEADER_LEN; p + 4 <= end; p++) {
        if (memcmp(p, "_S5_", 4) != 0 || !(p[-1] == 0x08 || (p[-2] == 0x08 && p[-1] == '\\')))
            continue;
        const uint8_t *q = p + 4;
        if (q >= end || *q++ != 0x12)             /* PackageOp */
            continue;
        if (q >= end)
            return false;
        q += ((*q >> 6) & 3) + 1;                 /* PkgLength: 1 to 4 bytes */
        if (q >= end)
            return false;
        uint8_t n = *q++;                         /* NumElements */
        /* Hardware-reduced firmware (microvm) gives only SLP_TYPa. */
        *typ_b = 0;
        q = aml_small_int(q, end, typ_a);
        return q && (n < 2 || aml_small_int(q, end, typ_b));
    }
    return false;
}

size_t acpi_root_count(uint32_t len, bool xsdt)
{
    return len < ACPI_HEADER_LEN ? 0 : (len - ACPI_HEADER_LEN) / (xsdt ? 8 : 4);
}

uint64_t acpi_root_entry(const uint8_t *t, bool xsdt, size_t i)
{
    const uint8_t *e = t + ACPI_HEADER_LEN;
    return xsdt ? rd64(e + 8 * i) : rd32(e + 4 * i);
}
