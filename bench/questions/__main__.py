from bench.questions.run import main

main()
