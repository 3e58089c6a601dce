/* The ACPI tables eggos reads, parsed from their bytes alone: pure, so
 * the host unit tests feed them malformed tables. Every read is checked
 * against the table's length: firmware is trusted for what it says, never
 * for the bounds of what it says (drivers/acpi.c maps the tables and
 * logs what was skipped). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_HEADER_LEN 36
#define ACPI_MAX_OVERRIDES 16

/* What a parser skipped: how many entries, and the first one's why and
 * offset in the table. */
struct acpi_skipped {
    unsigned count;
    const char *why;
    uint32_t offset;
};

struct acpi_madt {
    int ncpus;                    /* enabled processor local APICs */
    bool has_ioapic;
    uint32_t ioapic;              /* the first I/O APIC's address */
    int noverrides;
    struct { uint8_t irq; uint32_t gsi; uint16_t flags; } overrides[ACPI_MAX_OVERRIDES];
    struct acpi_skipped skipped;
};

struct acpi_fadt {
    uint64_t dsdt;                /* X_DSDT when there is one, else DSDT */
    uint32_t smi_cmd;
    uint8_t acpi_enable;
    uint16_t pm1a_cnt, pm1b_cnt;
    uint16_t sci_int;             /* the SCI's ISA IRQ */
    /* The fixed power button's PM1 event blocks (status, then enable
     * registers, each pm1_evt_len / 2 bytes); pm1a_evt 0 when there is no
     * such button: a control-method one, or hardware-reduced ACPI. */
    uint16_t pm1a_evt, pm1b_evt;
    uint8_t pm1_evt_len;
    bool has_reset;               /* RESET_REG_SUP and the register present */
    uint8_t reset_space, reset_value;
    uint64_t reset_address;
    uint8_t sleep_space;          /* hardware-reduced ACPI's SLEEP_CONTROL_REG */
    uint64_t sleep_address;       /* 0: none */
};

bool acpi_checksum_ok(const void *p, size_t n);
/* The MADT of len bytes: false when even its header is cut short. */
bool acpi_parse_madt(const uint8_t *t, uint32_t len, struct acpi_madt *out);
/* The FADT of len bytes: false when it lacks the ACPI 1.0 fields up to
 * PM1b_CNT_BLK; later fields are read only when len holds them. */
bool acpi_parse_fadt(const uint8_t *t, uint32_t len, struct acpi_fadt *out);
/* \_S5's SLP_TYPa and SLP_TYPb in a DSDT of len bytes: whether found. */
bool acpi_find_s5(const uint8_t *t, uint32_t len, uint16_t *typ_a, uint16_t *typ_b);
/* Entry i of an RSDT (4-byte entries) or XSDT (8-byte entries) of len
 * bytes, and how many there are. */
size_t acpi_root_count(uint32_t len, bool xsdt);
uint64_t acpi_root_entry(const uint8_t *t, bool xsdt, size_t i);
