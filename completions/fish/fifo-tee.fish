# fish completion for fifo-tee(1)

complete -c fifo-tee -s a -l append -d 'append to regular files, do not truncate'
complete -c fifo-tee -s c -l create -d 'make missing outputs as FIFOs'
complete -c fifo-tee -s m -l mode -x -a '0600 0640 0644 0660 0666 u=rw u=rw,g=r' -d 'mode of the FIFOs made (default 0600)'
complete -c fifo-tee -l no-stdout -d 'do not copy to standard output'
complete -c fifo-tee -l policy -x -a 'block drop buffer' -d 'what a slow FIFO reader costs'
complete -c fifo-tee -l buffer -x -a '64K 256K 1M 16M' -d 'queue per reader for --policy buffer'
complete -c fifo-tee -l whole-lines -d 'drop whole lines only, never part of one'
complete -c fifo-tee -l stats -d 'print per-output counts at exit'
complete -c fifo-tee -l output-error -f -a 'warn warn-nopipe exit exit-nopipe' -d 'what write errors do (attach with =)'
complete -c fifo-tee -s h -l help -d 'display help'
complete -c fifo-tee -s V -l version -d 'display version'
