/* ELF64 x86-64 executable parsing. Pure: validates untrusted images. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ET_EXEC 2
#define ET_DYN 3
#define PT_NULL 0
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_TLS 7
#define PT_GNU_STACK 0x6474e551
#define PF_X 1
#define PF_W 2
#define PF_R 4

typedef struct {
    unsigned char e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf64_Ehdr;

typedef struct {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} Elf64_Phdr;

struct elf_image {
    const Elf64_Ehdr *ehdr;
    const Elf64_Phdr *phdr;   /* e_phnum entries, inside the image */
    uint16_t phnum;
    uint16_t type;            /* ET_EXEC or ET_DYN */
    uint64_t entry;           /* e_entry, unrelocated */
    uint64_t lo, hi;          /* page-aligned span of all PT_LOAD vaddrs: [lo, hi) */
    const char *interp;       /* PT_INTERP path (NUL-terminated inside image) or NULL */
    uint64_t phdr_vaddr;      /* vaddr of the program headers (PT_PHDR, or found in a PT_LOAD), 0 if not mapped */
};

/* Validates an x86-64 ELF64 ET_EXEC/ET_DYN image of `size` bytes: magic,
 * class, data, machine, version, phentsize, program headers inside the file,
 * each PT_LOAD with filesz <= memsz, offset+filesz inside the file,
 * vaddr % 4096 == offset % 4096, no address overflow, all below
 * user_limit (relative to 0 for ET_DYN), a PT_INTERP that is NUL-terminated
 * inside the file, and at least one PT_LOAD.
 * The image must be 8-byte aligned: its headers are read in place.
 * Returns 0, or -ENOEXEC for anything malformed. */
int elf_parse(const void *image, size_t size, uint64_t user_limit,
              struct elf_image *out);
