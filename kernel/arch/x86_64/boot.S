/*
 * First instructions. The three boot protocols enter here in 32-bit
 * protected mode with paging off:
 *   Multiboot 1 (QEMU -kernel on pc): eax = 0x2BADB002, ebx = info.
 *   Multiboot 2 (GRUB, BIOS and UEFI): eax = 0x36D76289, ebx = info.
 *   PVH (the ELF note; microvm, Firecracker): ebx = hvm_start_info.
 * We build temporary page tables that map the first 4 GiB three times
 * (identity, the direct map at 0xffff800000000000, and the kernel window at
 * -2 GiB), enter long mode and call kmain(magic, info) in the higher half.
 * mm/paging.c replaces these tables with the real ones.
 */
#include "arch/x86_64/boot.h"

#define KERNEL_VMA 0xffffffff80000000
#define PHYS(x) ((x) - KERNEL_VMA)

#define MB1_MAGIC 0x1BADB002
#define MB1_FLAGS 0x00010003   /* page-aligned modules, memory map, address fields */

#define MB2_MAGIC 0xE85250D6
#define MB2_ARCH_I386 0
#define MB2_TAG_OPTIONAL 1

.section .multiboot, "a"
.balign 4
mb1_header:
    .long MB1_MAGIC
    .long MB1_FLAGS
    .long -(MB1_MAGIC + MB1_FLAGS)
    .long mb1_header        /* header_addr */
    .long mb1_header        /* load_addr: the file is loaded from this header on */
    .long mb_load_end
    .long mb_bss_end
    .long multiboot_entry

/* Multiboot 2: within the file's first 32 KiB, 8-byte aligned. GRUB loads
 * the ELF segments at their physical addresses and enters at e_entry
 * (multiboot_entry), which passes the magic on to kmain unchanged. Every
 * tag is optional, so a loader without a framebuffer still boots us. */
.balign 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
.balign 8
mb2_info_request:
    .word 1, MB2_TAG_OPTIONAL
    .long mb2_info_request_end - mb2_info_request
    .long 1                 /* command line */
    .long 3                 /* modules: the initramfs */
    .long 6                 /* memory map */
    .long 8                 /* framebuffer */
    .long 14                /* ACPI 1.0 RSDP */
    .long 15                /* ACPI 2.0+ RSDP */
mb2_info_request_end:
.balign 8
    .word 5, MB2_TAG_OPTIONAL   /* framebuffer: a linear 1024x768x32 mode, not text */
    .long 20
    .long 1024, 768, 32
.balign 8
    .word 6, 0              /* page-aligned modules: the initramfs is served in place */
    .long 8
.balign 8
    .word 0, 0              /* end */
    .long 8
mb2_header_end:

.section .note.pvh, "a"
.balign 4
    .long 4                 /* name size */
    .long 4                 /* descriptor size */
    .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .long pvh_entry

.section .boot.text, "ax"
.code32
.globl multiboot_entry
multiboot_entry:
    cli
    mov %eax, %edi
    mov %ebx, %esi
    jmp common32

.globl pvh_entry
pvh_entry:
    cli
    mov $BOOT_MAGIC_PVH, %edi
    mov %ebx, %esi

common32:
    mov $PHYS(boot_stack_top), %esp

    /* 2 MiB pages for the first 4 GiB: 4 page directories. */
    mov $PHYS(boot_pd), %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $0x83, %eax              /* present, writable, 2 MiB */
    mov %eax, (%ebx,%ecx,8)
    mov %ecx, %eax
    shr $11, %eax               /* bits 32+ of (ecx << 21) */
    mov %eax, 4(%ebx,%ecx,8)
    inc %ecx
    cmp $2048, %ecx
    jne 1b

    /* pdpt_low[0..3] -> the four directories. */
    mov $PHYS(boot_pdpt_low), %ebx
    mov $PHYS(boot_pd) + 3, %eax
    mov %eax, 0(%ebx)
    add $4096, %eax
    mov %eax, 8(%ebx)
    add $4096, %eax
    mov %eax, 16(%ebx)
    add $4096, %eax
    mov %eax, 24(%ebx)

    /* pdpt_high[510] -> first directory: -2 GiB maps physical 0. */
    mov $PHYS(boot_pdpt_high), %ebx
    movl $PHYS(boot_pd) + 3, 510*8(%ebx)

    mov $PHYS(boot_pml4), %ebx
    movl $PHYS(boot_pdpt_low) + 3, 0(%ebx)
    movl $PHYS(boot_pdpt_low) + 3, 256*8(%ebx)
    movl $PHYS(boot_pdpt_high) + 3, 511*8(%ebx)
    mov %ebx, %cr3

    mov %cr4, %eax
    or $0x20, %eax              /* PAE */
    mov %eax, %cr4

    mov $0xC0000080, %ecx       /* EFER: long mode, NX */
    rdmsr
    or $0x900, %eax
    wrmsr

    mov %cr0, %eax
    or $0x80010001, %eax        /* paging, write protect, protected mode */
    mov %eax, %cr0

    lgdt boot_gdtr
    ljmp $8, $long_entry

.code64
long_entry:
    movabs $higher_half, %rax
    jmp *%rax

.section .boot.data, "a"
.balign 16
boot_gdt:
    .quad 0
    .quad 0x00209A0000000000    /* 64-bit code */
    .quad 0x0000920000000000    /* data */
boot_gdtr:
    .word boot_gdtr - boot_gdt - 1
    .long boot_gdt

.text
higher_half:
    mov $16, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %ax, %ax
    mov %ax, %fs
    mov %ax, %gs
    movabs $boot_stack_top, %rsp
    xor %ebp, %ebp
    /* edi = magic, esi = physical address of the boot information */
    mov %esi, %esi
    call kmain
1:  hlt
    jmp 1b

.bss
.balign 4096
.globl boot_pml4
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4 * 4096
.globl boot_stack, boot_stack_top
boot_stack:     .skip 16384
boot_stack_top:
